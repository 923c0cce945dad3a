from writers_app.cli import main

raise SystemExit(main())
