"""One module or package per route; each page function carries `@page(...)`
(components/pages.py), and the app module imports every page module."""
