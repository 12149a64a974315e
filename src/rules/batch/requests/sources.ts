import type { SourceRef } from '../../../contract/sources.js';

export const overview = (section: string): SourceRef => ({ source: 'batch-overview', section });
export const overviewOlder = (section: string): SourceRef => ({ source: 'batch-overview-older', section });
export const apiGuide = (section: string): SourceRef => ({ source: 'batch-api-overview', section });
export const troubleshooting = (section: string): SourceRef => ({ source: 'batch-troubleshooting', section });
export const openapi = (section: string): SourceRef => ({ source: 'openapi-batch-ingestion', section });
export const partial = (section: string): SourceRef => ({ source: 'batch-partial-ingestion', section });
