export * from './fields.js';
export * from './tolerance.js';
export * from './mistakes.js';
export * from './grade.js';
export * from './scoring.js';
