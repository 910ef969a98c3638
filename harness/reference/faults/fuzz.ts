/** Parser bugs the fuzzer must find, shrink and replay (test/fuzz/mutants.test.ts); each is one local edit. */
export const fuzzFaults = {
  'empty-domain-crashes': {
    clause: 'rfc1928/5-atyp-domain',
    does: 'crashes (resets every later connection) on a request whose domain name has length 0',
  },
  'nmethods-over-200-wedges': {
    clause: 'rfc1928/3-select-offered',
    does: 'wedges (answers no later greeting) once a greeting says NMETHODS is above 200',
  },
} as const;
