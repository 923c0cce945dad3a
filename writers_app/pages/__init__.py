"""One module per route with its own small state; pages that belong together are a package
(editor/, dashboard/, settings/, admin/) whose parts import its state at the top."""
