import type { SourceRef } from '../../contract/sources.js';

export const tutorial = (section: string): SourceRef => ({ source: 'streaming-multiple-messages', section });
export const openapi = (section: string): SourceRef => ({ source: 'openapi-streaming', section });
export const RESPONSE_CODES = tutorial('Appendix: response codes');
export const FAILED_MESSAGES = tutorial('Identify failed messages');
