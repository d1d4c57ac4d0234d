package com.example.voicegateway.support;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.scheduling.support.ScheduledMethodRunnable;

/**
 * Quiets a context's {@code @Scheduled} jobs for tests that step them by hand on a moved clock: the named beans' jobs
 * are cancelled for the rest of the context's life (a cached context keeps them cancelled, as the tests want). Their
 * methods can still be called directly.
 */
public final class ScheduledJobs {

    private ScheduledJobs() {
    }

    /** Cancels every scheduled job whose bean is one of {@code owners}; returns how many it cancelled. */
    public static int cancel(ApplicationContext context, Class<?>... owners) {
        int cancelled = 0;
        for (ScheduledTaskHolder holder : context.getBeansOfType(ScheduledTaskHolder.class).values()) {
            for (ScheduledTask task : holder.getScheduledTasks()) {
                if (task.getTask().getRunnable() instanceof ScheduledMethodRunnable method
                        && ownedBy(method.getTarget(), owners)) {
                    task.cancel(false);
                    cancelled++;
                }
            }
        }
        return cancelled;
    }

    /** The same, for the beans of these names that the context has (for a test outside their classes' package). */
    public static int cancelIfPresent(ApplicationContext context, String... beanNames) {
        Class<?>[] owners = java.util.Arrays.stream(beanNames).filter(context::containsBean)
                .map(name -> AopUtils.getTargetClass(context.getBean(name))).toArray(Class<?>[]::new);
        return owners.length == 0 ? 0 : cancel(context, owners);
    }

    private static boolean ownedBy(Object bean, Class<?>[] owners) {
        Class<?> type = AopUtils.getTargetClass(bean);
        for (Class<?> owner : owners) {
            if (owner.isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }
}
