// node-postgres's value mapping for bound parameters, which its own Query uses (no types ship for it).
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue: (value: unknown) => unknown };
  export default utils;
}
