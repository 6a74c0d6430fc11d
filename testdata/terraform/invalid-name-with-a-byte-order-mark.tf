d = en<i﻿i
