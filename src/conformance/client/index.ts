/** Verifying a client: run it against the reference server per scenario and judge its recorded traffic. */
export { checkClient, DEFAULT_SEED, DEFAULT_TIMEOUT_SECONDS, ScenarioWorldError, type CheckClientOptions, type FindingFilter } from './run.js';
export { CommandNotStarted } from './process.js';
export { SCENARIO_NAMES, SCENARIOS, isScenarioName, type Scenario, type ScenarioName } from './scenarios.js';
export { startFront, type FaultPlan, type FaultDecision, type Front, type FrontExchange } from './front.js';
