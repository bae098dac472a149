export function registerFamiliesRoutes(..._: unknown[]) {}
