export function buildStylesheet(): void;
