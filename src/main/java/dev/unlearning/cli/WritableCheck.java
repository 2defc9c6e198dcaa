package dev.unlearning.cli;

import dev.unlearning.api.Location;
import dev.unlearning.api.SpecValidationException;
import dev.unlearning.api.UnlearningRequestSpec;
import dev.unlearning.engine.InvalidInputException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Before the worker loads anything: can it write its output and its scratch space? It really writes (creates the
 * output directory and a probe file it deletes), since permission bits alone do not say what a process can do
 * (root, read-only mounts, ACLs). A failure costs seconds here instead of the hours of training before the save.
 */
final class WritableCheck {

  private WritableCheck() {}

  /** Throws an InvalidInputException (exit 2) naming the location, who the worker runs as, and the fix. */
  static void outputAndScratch(UnlearningRequestSpec spec, Path pvcRoot, Path scratch, ProcessIdentity identity) {
    // An s3:// output is written to scratch space and uploaded: the scratch check below covers it.
    Location output = spec.getOutput() != null && spec.getOutput().getUri() != null
        ? location(spec.getOutput().getUri()) : null;
    if (output != null && !output.remote()) {
      Path dir = output.toLocalPath(pvcRoot);
      problem(dir).ifPresent(p -> {
        throw new InvalidInputException("spec.output.uri: the worker cannot write its output to " + where(output, dir)
            + ": " + p.reason() + "; it runs as " + identity.describe() + ". Fix: " + p.fix(output, identity));
      });
    }
    problem(scratch).ifPresent(p -> {
      throw new InvalidInputException("scratch space " + scratch + " (HOME and temporary files): " + p.reason()
          + "; the worker runs as " + identity.describe() + ". Fix: the worker needs " + scratch
          + " writable with free space (the operator's Jobs mount an emptyDir there)");
    });
  }

  private static Location location(String uri) {
    try {
      return Location.parse("spec.output.uri", uri);
    } catch (SpecValidationException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }

  private static String where(Location output, Path dir) {
    return output.scheme() == Location.Scheme.PVC
        ? "claim " + output.claim() + ", path " + (output.path().isEmpty() ? "/" : output.path()) + " (" + dir + ")"
        : dir.toString();
  }

  /** Why {@code dir} cannot be created or written, or empty when a file could be written in it. */
  static Optional<Problem> problem(Path dir) {
    for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          return Optional.of(new Problem(Kind.NOT_A_DIRECTORY, p + " is a regular file, not a directory"));
        }
        break;
      }
    }
    try {
      Files.createDirectories(dir);
      Files.delete(Files.createTempFile(dir, ".unlearning-write-check-", ""));
      return Optional.empty();
    } catch (AccessDeniedException e) {
      return Optional.of(new Problem(Kind.PERMISSION, "permission denied on " + e.getFile()));
    } catch (FileSystemException e) {
      String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
      Kind kind = reason.contains("Read-only file system") ? Kind.READ_ONLY
          : reason.contains("Operation not permitted") ? Kind.PERMISSION : Kind.OTHER;
      return Optional.of(new Problem(kind, e.getFile() + ": " + reason));
    } catch (IOException e) {
      return Optional.of(new Problem(Kind.OTHER, String.valueOf(e.getMessage())));
    }
  }

  enum Kind { PERMISSION, READ_ONLY, NOT_A_DIRECTORY, OTHER }

  record Problem(Kind kind, String reason) {

    String fix(Location output, ProcessIdentity identity) {
      String group = identity.gid() >= 0 ? Long.toString(identity.gid()) : "of the worker";
      return switch (kind) {
        case NOT_A_DIRECTORY -> "choose an output path whose parents are directories, or remove the file";
        case READ_ONLY -> "the output must be on a volume mounted read-write (the operator mounts the claim of"
            + " spec.output.uri read-write)";
        default -> output.scheme() == Location.Scheme.PVC
            ? "let group " + group + " write to claim " + output.claim() + ": the operator sets the pod's fsGroup"
                + " to it (fsGroupChangePolicy OnRootMismatch), which volume types with ownership management apply"
                + " (most block storage); on others (NFS, hostPath, some CSI drivers) run once, in a pod mounting the"
                + " claim: chgrp -R " + group + " DIR && chmod -R g+rwX DIR (docs/install.md, Data on claims); or set"
                + " spec.job.runAsUser, runAsGroup and fsGroup to the owner of the files"
            : "make the directory writable for the worker's user or group " + group;
      };
    }
  }
}
