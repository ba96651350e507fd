"""Grants: eligibility, scores, ranked lists within provincial quotas and boarding capacity, appeals."""
