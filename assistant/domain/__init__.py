"""The pure domain: roles, permissions, workflow states, the audit chain. Stdlib only."""
