"""AWS Lambda entry point: ``lambda_function.lambda_handler`` (the contract in README.md, "Configuration").

With SnapStart on (FOOT_ROUTINE_SNAPSTART=1, set by lambda/template.yaml), the skill and its
DynamoDB client are built here, during INIT, so the snapshot holds them (skill/snapstart.py);
otherwise nothing is built until the first turn.
"""

from skill import snapstart
from skill.app import lambda_handler

__all__ = ["lambda_handler"]

snapstart.set_up()
