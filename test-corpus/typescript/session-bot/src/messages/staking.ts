// Canned replies of the support bot about the network token.

export const stakingHelp = [
  'Tokens can be staked from your wallet.',
  // expect: identity/getsession-link
  'See https://stake.getsession.org for the staking portal.',
].join('\n');
