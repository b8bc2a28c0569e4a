"""Claims: the checkable details of each article (counts and what they count, casualties,
what an attack hit), aligned across the articles of a story and labelled agree,
compatible or conflict. ``find_claim_mentions`` reads one parsed article;
``compare_claims`` aligns the mentions of one story."""

from .align import compare_claims
from .mentions import find_claim_mentions

__all__ = ["compare_claims", "find_claim_mentions"]
