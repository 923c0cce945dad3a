"""Writers: a web platform for Persian and English writers."""
