"""Measurements that are reported, never asserted: load (docs/reliability.md), speed (docs/performance.md)."""
