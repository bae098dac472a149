// oidc-provider ships no type declarations; the tests use it as a black box.
declare module 'oidc-provider' {
  const Provider: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  type Provider = any; // eslint-disable-line @typescript-eslint/no-explicit-any
  export default Provider;
}
