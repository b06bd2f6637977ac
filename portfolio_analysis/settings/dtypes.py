"""The type every cell is read and cleaned as, defined once for the package."""

import pandas as pd

TEXT = pd.StringDtype("pyarrow")  # text in Arrow: the reading's and the cleaning's string operations run vectorised
