# expect-none
"""Peer bookkeeping for a Lightning node dashboard.

Node ids are compressed secp256k1 keys (02/03 + 64 hex), not Session IDs, and
`account_id` is the dashboard's own billing account.
"""

from dataclasses import dataclass

SEED_PEERS = {
    "035d2b1192dfba134e10e540875d366ebc8bc353d5aa766b80c090b39c3a5d885d": "acinq",
    "03864ef025fde8fb587d989186ce6a4a186895ee44a926bfc370e2c366597a3f8f": "bitfinex",
}


@dataclass
class Peer:
    node_id: str
    account_id: int
    alias: str = ""


def askrene_biasnode(rpc, layer: str, node_id: str, bias: int):
    """Prefer or avoid a node when routing (CLN askrene-biasnode)."""
    return rpc.call("askrene-biasnode", {"layer": layer, "node": node_id, "bias": bias})


def known_peers(account_id: int) -> list[Peer]:
    return [Peer(node_id=k, account_id=account_id, alias=v) for k, v in SEED_PEERS.items()]
