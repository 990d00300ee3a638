from dark_social.cli import main

raise SystemExit(main())
