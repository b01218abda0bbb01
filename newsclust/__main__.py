from newsclust.cli import cli

cli(prog_name="newsclust")
