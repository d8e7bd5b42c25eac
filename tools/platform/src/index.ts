export { ApiClient, type JobView } from './api-client';
export { type AppName, AppProcess, type AppProcessOptions } from './app-process';
export { groupCaughtUp } from './consumer-group';
export { freePort, LocalPlatform, type LocalPlatformOptions, PLATFORM_TOPICS } from './local-platform';
export { producePoints } from './point-producer';
export { FAST_TRAINER_ENV, type TrainerStarter, TrainerPool } from './trainer-pool';
export { waitFor } from './wait-for';
