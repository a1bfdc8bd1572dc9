"""Casework: what a help desk does with a case, whatever kind it is (a desk request, a
complaint). Each kind's app registers it (casework.kinds) and this app never imports them."""
