import type { PlanReport } from '../rules/batch/plan.js';

/**
 * The upload plan as JSON: the `PlanReport` as it is, so a client can replay its requests in order
 * (every file's requests, then `completeBatch`). Nothing secret is in a plan: it holds names and sizes.
 */
export function renderPlanJson(plan: PlanReport): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
