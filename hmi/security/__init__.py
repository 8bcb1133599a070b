"""Users and roles, role enforcement and the hash-chained audit trail. Qt-free."""
from hmi.security.access import Access, PermissionDenied, WriteFailed
from hmi.security.audit import ACTIONS, AuditEntry, AuditTrail, VerifyResult, cli_audit_verify, verify_db
from hmi.security.users import (DEFAULT_ROLE_TABLE, ROLES, Permission, Session, User, UserError, UserStore,
                                hash_secret, verify_secret)

__all__ = ["Access", "PermissionDenied", "WriteFailed", "AuditTrail", "AuditEntry", "VerifyResult", "verify_db",
           "cli_audit_verify", "ACTIONS", "UserStore", "User", "UserError", "Session", "Permission", "ROLES",
           "DEFAULT_ROLE_TABLE", "hash_secret", "verify_secret"]
