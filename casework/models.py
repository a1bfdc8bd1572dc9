"""The help desk's records about cases of any registered kind (casework.kinds)."""
