"""The tests' DynamoDB: Amazon's DynamoDB Local, started on 127.0.0.1 beside other test runs without a fight.

Several worktrees and parallel jobs run suites on one machine; each starts its own DynamoDB Local.
DynamoDB Local has no "port 0", so ``devtools/dynamodb_local.py`` picks a free port under a lock file.
"""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

from devtools.dynamodb_local import LOCK_FILE, DynamoDbLocal
from skill.storage import DynamoDbStore


def test_servers_started_at_once_get_their_own_ports_and_data(fake_aws_env: None) -> None:
    servers = [DynamoDbLocal(), DynamoDbLocal()]
    threads = [threading.Thread(target=server.start) for server in servers]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert all(server.running for server in servers)
        assert servers[0].port != servers[1].port
        assert LOCK_FILE.exists()
        table = f"own-{uuid.uuid4().hex[:8]}"
        first = DynamoDbStore(table, endpoint_url=servers[0].endpoint)
        first.create_table()
        first.save("amzn1.ask.account.one", {"pace": 100})
        second = DynamoDbStore(table, endpoint_url=servers[1].endpoint)
        second.create_table()
        assert second.load("amzn1.ask.account.one") is None, "each run its own data"
    finally:
        for server in servers:
            server.stop()


def test_a_server_with_a_folder_keeps_its_port_and_data_across_a_restart(
    fake_aws_env: None, tmp_path: Path
) -> None:
    server = DynamoDbLocal(db_path=tmp_path)
    try:
        server.start()
        port = server.port
        store = DynamoDbStore(f"kept-{uuid.uuid4().hex[:8]}", endpoint_url=server.endpoint)
        store.create_table()
        store.save("amzn1.ask.account.kept", {"pace": 125})
        server.stop()
        assert not server.running
        server.start()
        assert server.port == port
        assert store.load("amzn1.ask.account.kept") == {"pace": 125, "revision": 1}
    finally:
        server.stop()
