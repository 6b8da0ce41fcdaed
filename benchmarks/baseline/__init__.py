"""The baseline for benchmarks: the simplest skill that keeps something per user in DynamoDB."""
