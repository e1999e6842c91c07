/**
 * Property tests explore new inputs on a developer's machine (a random seed a run, printed on
 * failure) but replay one fixed seed in CI, so a submission is judged on the same inputs every
 * time. FC_SEED=N replays a failure anywhere.
 */
import fc from 'fast-check';

const fromEnv = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
if (fromEnv !== undefined && Number.isFinite(fromEnv)) fc.configureGlobal({ seed: fromEnv });
else if (process.env.CI) fc.configureGlobal({ seed: 20261125 });
