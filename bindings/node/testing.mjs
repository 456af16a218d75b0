import testing from './lib/testing.cjs';

export const { Sandbox, bundledExecutable } = testing;
