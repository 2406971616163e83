"""The login forms are Django's; failed logins are counted and locked by django-axes
(its authentication backend and middleware, settings ``AXES_*``): five failures for one
user name from one address lock that combination for the window, the admin login too."""
