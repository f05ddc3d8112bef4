"""What the GDPR and the CNIL say, as code shared by the checks, the views and the notices."""
