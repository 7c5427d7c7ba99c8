"""Suite-wide settings: hypothesis never fails on timing (the machine is shared and its load
varies), and CI runs the same examples every time so a red build always reproduces."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ridec", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("ridec-ci", parent=settings.get_profile("ridec"), derandomize=True)
settings.load_profile("ridec-ci" if os.environ.get("CI") == "true" else "ridec")
