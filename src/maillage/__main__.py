from maillage.cli import main

main()
