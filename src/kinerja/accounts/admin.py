# Failed attempts, locks and the login records (logins, failed logins, logouts, with
# address and user agent) are django-axes' models, shown in the admin by axes itself.
