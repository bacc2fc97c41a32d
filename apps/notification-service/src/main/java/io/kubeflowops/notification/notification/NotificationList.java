package io.kubeflowops.notification.notification;

import java.util.List;

/** The body of GET /notifications. */
public record NotificationList(List<Notification> items) {}
