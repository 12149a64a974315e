/**
 * The findings of an upload plan, as data: id, title, severity per profile, the documented rule in plain
 * words and its source. `plan.ts` decides when each applies; the wording lives here.
 */
import { BATCH_ERROR_CODES, BATCH_LIMITS, BATCH_ENDPOINTS } from '../../contract/batch.js';
import type { ProfileName } from '../../contract/profiles.js';
import { docsUrl, type SourceRef } from '../../contract/sources.js';
import type { RuleInfo, Severity } from '../finding.js';
import type { BatchPlanRuleId } from '../ids.js';

export interface PlanRule {
  id: BatchPlanRuleId;
  title: string;
  description: string;
  severity: (profile: ProfileName) => Severity;
  source: SourceRef;
}

const always =
  (severity: Severity) =>
  (): Severity =>
    severity;

export const PLAN_RULES: Record<BatchPlanRuleId, PlanRule> = {
  'batch.plan.too-many-files': {
    id: 'batch.plan.too-many-files',
    title: 'Too many files for one batch',
    description: `A batch holds at most ${BATCH_LIMITS.filesPerBatch.value} files.`,
    severity: always('error'),
    source: BATCH_LIMITS.filesPerBatch.sources[1],
  },
  'batch.plan.batch-too-large': {
    id: 'batch.plan.batch-too-large',
    title: 'Batch over the maximum size',
    description: 'The maximum batch size is 100 GB.',
    severity: always('error'),
    source: BATCH_LIMITS.batchBytes.sources[0],
  },
  'batch.plan.batch-below-recommended': {
    id: 'batch.plan.batch-below-recommended',
    title: 'Batch smaller than recommended',
    description: 'The recommended batch size is between 256 MB and 100 GB; a smaller batch is accepted, only not recommended.',
    // A recommendation, not a limit: advice, raised to a warning by the strict profile.
    severity: (profile) => (profile === 'strict' ? 'warn' : 'info'),
    source: BATCH_LIMITS.recommendedBatchBytes.sources[0],
  },
  'batch.plan.file-chunked': {
    id: 'batch.plan.file-chunked',
    title: 'File goes by the large-file upload',
    description: 'A file over the chunking threshold is sent by the large-file upload: initialize, PATCH each part with its Content-Range, complete.',
    severity: always('info'),
    source: BATCH_ENDPOINTS.uploadFilePart.sources[0]!,
  },
  'batch.plan.file-empty': {
    id: 'batch.plan.file-empty',
    title: 'Empty file',
    description: `An empty file fails the batch with error 106: "${BATCH_ERROR_CODES['106'].description}"`,
    severity: always('error'),
    source: BATCH_ERROR_CODES['106'].source,
  },
  'batch.plan.entry-unreadable': {
    id: 'batch.plan.entry-unreadable',
    title: 'Directory entry cannot be planned',
    description: 'Every entry of the directory must be a regular file (or a folder of them) whose size can be read.',
    severity: always('error'),
    source: BATCH_ENDPOINTS.uploadFile.sources[0]!,
  },
  'batch.plan.name-refused': {
    id: 'batch.plan.name-refused',
    title: 'File name the API cannot take',
    description: `The file name becomes the last part of the upload URL (…/files/{FILE_NAME}); a URL over ${BATCH_LIMITS.urlLength.value} characters is refused with ${BATCH_LIMITS.urlLength.status}, and a name must be text the URL can carry.`,
    severity: always('error'),
    source: BATCH_LIMITS.urlLength.sources[0],
  },
};

export function planRuleInfo(profile: ProfileName): RuleInfo[] {
  return Object.values(PLAN_RULES).map((rule) => ({
    id: rule.id,
    title: rule.title,
    description: rule.description,
    defaultSeverity: rule.severity(profile),
    docs: docsUrl(rule.source),
  }));
}
