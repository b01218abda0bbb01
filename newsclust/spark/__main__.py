"""python -m newsclust.spark: the Spark job (``newsclust.spark.job``)."""

import sys

from newsclust.spark.job import main

sys.exit(main())
