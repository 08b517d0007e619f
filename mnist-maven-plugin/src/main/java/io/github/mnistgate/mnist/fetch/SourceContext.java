package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.util.BuildLog;
import java.nio.file.Path;
import java.util.Set;

/**
 * What an opening source may use: the settings, the expected files, the files still wanted (so an archive
 * extracts nothing else), a scratch folder of its own that is deleted afterwards, and the log.
 */
record SourceContext(FetchSettings settings, DatasetSpec spec, Set<DatasetFile> wanted, Path scratch, BuildLog log) {}
