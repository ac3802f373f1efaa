// Azurite ships no types for its server classes; these are the parts dev/azurite.ts uses.
declare module 'azurite/dist/src/table/TableServer.js' {
  const TableServer: new (config: unknown) => {
    start(): Promise<void>;
    close(): Promise<void>;
    readonly httpServer: { address(): import('node:net').AddressInfo | string | null };
  };
  export default TableServer;
}
declare module 'azurite/dist/src/table/TableConfiguration.js' {
  const TableConfiguration: new (...args: unknown[]) => unknown;
  export default TableConfiguration;
}
