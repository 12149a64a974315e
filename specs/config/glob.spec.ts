/** The globs of `overrides[].files` and `ignores[].files`, on paths relative to the configuration file. */
import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../src/config/glob.js';

const cases: [pattern: string, matches: string[], misses: string[]][] = [
  ['*.json', ['a.json', 'x/y/a.json', 'a.json/under-a-directory-so-named.txt'], ['a.jsonl', 'a.json.txt']],
  ['payloads/*.json', ['payloads/a.json', './payloads/a.json'], ['payloads/x/a.json', 'other/payloads/a.json']],
  ['payloads/**', ['payloads/a.json', 'payloads/x/y/a.json'], ['payload/a.json', 'x/payloads/a.json']],
  ['**/legacy/*.ndjson', ['legacy/a.ndjson', 'x/y/legacy/a.ndjson'], ['legacy/x/a.ndjson']],
  ['payloads/legacy', ['payloads/legacy', 'payloads/legacy/a.json', 'payloads/legacy/x/b.json'], ['payloads/legacy-2/a.json']],
  ['payloads/legacy/', ['payloads/legacy/a.json'], ['payloads/other/a.json']],
  ['*.{json,ndjson}', ['a.json', 'b/c.ndjson'], ['a.jsonl']],
  ['file-?.json', ['file-1.json'], ['file-10.json', 'file-/.json']],
  ['file-[0-9].json', ['file-3.json'], ['file-a.json']],
  ['file-[!0-9].json', ['file-a.json'], ['file-3.json']],
  ['a\\*b.json', ['a*b.json'], ['axb.json']],
  ['../shared/*.har', ['../shared/t.har'], ['shared/t.har']],
  ['./', ['anything/at/all.json'], []],
];

describe('compileGlob', () => {
  it.each(cases)('%s', (pattern, matches, misses) => {
    const match = compileGlob(pattern);
    for (const path of matches) expect(match(path), `${pattern} should match ${path}`).toBe(true);
    for (const path of misses) expect(match(path), `${pattern} should not match ${path}`).toBe(false);
  });

  it('says why a pattern is not a glob', () => {
    expect(() => compileGlob('a/[bc')).toThrow('"a/[bc" opens a [set] that does not close');
    expect(() => compileGlob('a/{b,c')).toThrow('"a/{b,c" opens a {group} that does not close');
  });
});
