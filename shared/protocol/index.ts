export * from './errors.js';
export * from './schemas.js';
export * from './guard.js';
export * from './events.js';
export * from './numbers.js';
export * from './join-code.js';
export * from './settings-input.js';
