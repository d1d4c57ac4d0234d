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

    /** The same, for the beans of these names (for a test outside the package of a bean's class). */
    public static int cancel(ApplicationContext context, String... beanNames) {
        Class<?>[] owners = new Class<?>[beanNames.length];
        for (int i = 0; i < beanNames.length; i++) {
            owners[i] = AopUtils.getTargetClass(context.getBean(beanNames[i]));
        }
        return cancel(context, owners);
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
