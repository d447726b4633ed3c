/**
 * The command line ({@link io.bmo.jobs.Main}, picocli): every user error is a {@link io.bmo.jobs.UserError}, printed
 * as one line naming the bad key, file or value, exit status 2, nothing half-written.
 */
package io.bmo.jobs;
