# expect-none
# A key-value storage service with its own JSON-RPC: "store", "retrieve", "info"
# and "expire" are its methods too, and requests.Session is an HTTP session.

import requests

METHODS = {"store", "retrieve", "info", "expire", "delete_all"}


class StorageClient:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.http = requests.Session()

    def call(self, method: str, **params):
        if method not in METHODS:
            raise ValueError(method)
        r = self.http.post(self.base_url + "/rpc", json={"method": method, "params": params})
        return r.json()

    def store(self, key: str, value: str):
        return self.call("store", key=key, value=value)
