"""One Million Schoolbags: kit needs per school and item, surplus transfers, delivery and distribution progress."""
