export * from './fields.js';
export * from './precision.js';
export * from './tolerance.js';
export * from './hand-chain.js';
export * from './mistakes.js';
export * from './sheet.js';
export * from './grade.js';
export * from './scoring.js';
