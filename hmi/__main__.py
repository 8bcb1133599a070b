from hmi.cli import main

raise SystemExit(main())
