// autocannon ships no types; bench/lib/load.ts uses the small part it needs through `any`.
declare module "autocannon" {
  const autocannon: any;
  export default autocannon;
}
