export * from './synthetic';
export * from './generators';
export * from './presets';
