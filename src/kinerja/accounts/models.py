# Failed logins and login records are django-axes' models (AccessAttempt, AccessLog,
# AccessFailureLog); accounts has none of its own.
