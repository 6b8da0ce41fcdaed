"""AWS Lambda entry point: ``lambda_function.lambda_handler`` (see docs/design contract)."""

from skill.app import lambda_handler

__all__ = ["lambda_handler"]
